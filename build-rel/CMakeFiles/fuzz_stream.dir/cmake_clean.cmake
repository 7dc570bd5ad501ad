file(REMOVE_RECURSE
  "CMakeFiles/fuzz_stream.dir/tests/fuzz/fuzz_stream.c.o"
  "CMakeFiles/fuzz_stream.dir/tests/fuzz/fuzz_stream.c.o.d"
  "CMakeFiles/fuzz_stream.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_stream.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_stream"
  "fuzz_stream.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_stream.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
