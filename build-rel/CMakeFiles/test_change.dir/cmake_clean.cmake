file(REMOVE_RECURSE
  "CMakeFiles/test_change.dir/tests/unit/test_change.c.o"
  "CMakeFiles/test_change.dir/tests/unit/test_change.c.o.d"
  "test_change"
  "test_change.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_change.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
