file(REMOVE_RECURSE
  "CMakeFiles/test_avro.dir/tests/unit/test_avro.c.o"
  "CMakeFiles/test_avro.dir/tests/unit/test_avro.c.o.d"
  "test_avro"
  "test_avro.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_avro.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
