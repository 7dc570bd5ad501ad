file(REMOVE_RECURSE
  "CMakeFiles/fuzz_avro.dir/tests/fuzz/fuzz_avro.c.o"
  "CMakeFiles/fuzz_avro.dir/tests/fuzz/fuzz_avro.c.o.d"
  "CMakeFiles/fuzz_avro.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_avro.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_avro"
  "fuzz_avro.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_avro.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
