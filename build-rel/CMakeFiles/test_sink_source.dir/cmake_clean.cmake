file(REMOVE_RECURSE
  "CMakeFiles/test_sink_source.dir/tests/unit/test_sink_source.c.o"
  "CMakeFiles/test_sink_source.dir/tests/unit/test_sink_source.c.o.d"
  "test_sink_source"
  "test_sink_source.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_sink_source.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
