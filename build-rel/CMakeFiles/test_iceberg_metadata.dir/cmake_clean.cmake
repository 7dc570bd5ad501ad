file(REMOVE_RECURSE
  "CMakeFiles/test_iceberg_metadata.dir/tests/unit/test_iceberg_metadata.c.o"
  "CMakeFiles/test_iceberg_metadata.dir/tests/unit/test_iceberg_metadata.c.o.d"
  "test_iceberg_metadata"
  "test_iceberg_metadata.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_iceberg_metadata.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
