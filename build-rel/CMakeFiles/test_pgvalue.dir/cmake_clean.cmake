file(REMOVE_RECURSE
  "CMakeFiles/test_pgvalue.dir/tests/unit/test_pgvalue.c.o"
  "CMakeFiles/test_pgvalue.dir/tests/unit/test_pgvalue.c.o.d"
  "test_pgvalue"
  "test_pgvalue.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_pgvalue.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
