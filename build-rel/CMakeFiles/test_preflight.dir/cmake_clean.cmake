file(REMOVE_RECURSE
  "CMakeFiles/test_preflight.dir/tests/unit/test_preflight.c.o"
  "CMakeFiles/test_preflight.dir/tests/unit/test_preflight.c.o.d"
  "test_preflight"
  "test_preflight.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_preflight.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
