file(REMOVE_RECURSE
  "CMakeFiles/test_pqreader.dir/tests/unit/test_pqreader.c.o"
  "CMakeFiles/test_pqreader.dir/tests/unit/test_pqreader.c.o.d"
  "test_pqreader"
  "test_pqreader.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_pqreader.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
