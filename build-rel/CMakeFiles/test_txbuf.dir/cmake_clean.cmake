file(REMOVE_RECURSE
  "CMakeFiles/test_txbuf.dir/tests/unit/test_txbuf.c.o"
  "CMakeFiles/test_txbuf.dir/tests/unit/test_txbuf.c.o.d"
  "test_txbuf"
  "test_txbuf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_txbuf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
