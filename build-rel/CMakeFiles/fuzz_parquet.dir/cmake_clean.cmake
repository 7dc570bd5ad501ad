file(REMOVE_RECURSE
  "CMakeFiles/fuzz_parquet.dir/tests/fuzz/fuzz_parquet.c.o"
  "CMakeFiles/fuzz_parquet.dir/tests/fuzz/fuzz_parquet.c.o.d"
  "CMakeFiles/fuzz_parquet.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_parquet.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_parquet"
  "fuzz_parquet.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_parquet.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
