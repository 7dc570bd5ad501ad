file(REMOVE_RECURSE
  "CMakeFiles/test_iceberg_scan.dir/tests/unit/test_iceberg_scan.c.o"
  "CMakeFiles/test_iceberg_scan.dir/tests/unit/test_iceberg_scan.c.o.d"
  "test_iceberg_scan"
  "test_iceberg_scan.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_iceberg_scan.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
