file(REMOVE_RECURSE
  "CMakeFiles/fuzz_iceberg_metadata.dir/tests/fuzz/fuzz_iceberg_metadata.c.o"
  "CMakeFiles/fuzz_iceberg_metadata.dir/tests/fuzz/fuzz_iceberg_metadata.c.o.d"
  "CMakeFiles/fuzz_iceberg_metadata.dir/tests/fuzz/replay_main.c.o"
  "CMakeFiles/fuzz_iceberg_metadata.dir/tests/fuzz/replay_main.c.o.d"
  "fuzz_iceberg_metadata"
  "fuzz_iceberg_metadata.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_iceberg_metadata.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
