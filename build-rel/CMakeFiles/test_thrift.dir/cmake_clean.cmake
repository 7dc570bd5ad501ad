file(REMOVE_RECURSE
  "CMakeFiles/test_thrift.dir/tests/unit/test_thrift.c.o"
  "CMakeFiles/test_thrift.dir/tests/unit/test_thrift.c.o.d"
  "test_thrift"
  "test_thrift.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_thrift.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
