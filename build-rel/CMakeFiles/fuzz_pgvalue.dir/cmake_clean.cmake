file(REMOVE_RECURSE
  "CMakeFiles/fuzz_pgvalue.dir/tests/fuzz/fuzz_pgvalue.c.o"
  "CMakeFiles/fuzz_pgvalue.dir/tests/fuzz/fuzz_pgvalue.c.o.d"
  "CMakeFiles/fuzz_pgvalue.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_pgvalue.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_pgvalue"
  "fuzz_pgvalue.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_pgvalue.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
