file(REMOVE_RECURSE
  "CMakeFiles/fuzz_pgoutput.dir/tests/fuzz/fuzz_pgoutput.c.o"
  "CMakeFiles/fuzz_pgoutput.dir/tests/fuzz/fuzz_pgoutput.c.o.d"
  "CMakeFiles/fuzz_pgoutput.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_pgoutput.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_pgoutput"
  "fuzz_pgoutput.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_pgoutput.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
