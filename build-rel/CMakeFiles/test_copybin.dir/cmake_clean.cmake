file(REMOVE_RECURSE
  "CMakeFiles/test_copybin.dir/tests/unit/test_copybin.c.o"
  "CMakeFiles/test_copybin.dir/tests/unit/test_copybin.c.o.d"
  "test_copybin"
  "test_copybin.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_copybin.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
