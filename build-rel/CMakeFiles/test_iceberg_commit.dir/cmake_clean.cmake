file(REMOVE_RECURSE
  "CMakeFiles/test_iceberg_commit.dir/tests/unit/test_iceberg_commit.c.o"
  "CMakeFiles/test_iceberg_commit.dir/tests/unit/test_iceberg_commit.c.o.d"
  "test_iceberg_commit"
  "test_iceberg_commit.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_iceberg_commit.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
