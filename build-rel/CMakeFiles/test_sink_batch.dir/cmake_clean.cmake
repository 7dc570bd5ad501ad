file(REMOVE_RECURSE
  "CMakeFiles/test_sink_batch.dir/tests/unit/test_sink_batch.c.o"
  "CMakeFiles/test_sink_batch.dir/tests/unit/test_sink_batch.c.o.d"
  "test_sink_batch"
  "test_sink_batch.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_sink_batch.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
