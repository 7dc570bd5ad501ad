file(REMOVE_RECURSE
  "CMakeFiles/fuzz_copybin.dir/tests/fuzz/fuzz_copybin.c.o"
  "CMakeFiles/fuzz_copybin.dir/tests/fuzz/fuzz_copybin.c.o.d"
  "CMakeFiles/fuzz_copybin.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_copybin.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_copybin"
  "fuzz_copybin.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_copybin.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
