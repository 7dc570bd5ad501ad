file(REMOVE_RECURSE
  "CMakeFiles/test_iceberg_storage.dir/tests/unit/test_iceberg_storage.c.o"
  "CMakeFiles/test_iceberg_storage.dir/tests/unit/test_iceberg_storage.c.o.d"
  "test_iceberg_storage"
  "test_iceberg_storage.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_iceberg_storage.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
