file(REMOVE_RECURSE
  "CMakeFiles/stream_batcher.dir/tests/tools/stream_batcher.c.o"
  "CMakeFiles/stream_batcher.dir/tests/tools/stream_batcher.c.o.d"
  "stream_batcher"
  "stream_batcher.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/stream_batcher.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
