file(REMOVE_RECURSE
  "CMakeFiles/test_rle_dec.dir/tests/unit/test_rle_dec.c.o"
  "CMakeFiles/test_rle_dec.dir/tests/unit/test_rle_dec.c.o.d"
  "test_rle_dec"
  "test_rle_dec.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_rle_dec.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
