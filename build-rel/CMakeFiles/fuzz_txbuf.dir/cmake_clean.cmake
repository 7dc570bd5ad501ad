file(REMOVE_RECURSE
  "CMakeFiles/fuzz_txbuf.dir/tests/fuzz/fuzz_txbuf.c.o"
  "CMakeFiles/fuzz_txbuf.dir/tests/fuzz/fuzz_txbuf.c.o.d"
  "CMakeFiles/fuzz_txbuf.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_txbuf.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_txbuf"
  "fuzz_txbuf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_txbuf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
