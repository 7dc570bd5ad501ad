file(REMOVE_RECURSE
  "CMakeFiles/test_rle_enc.dir/tests/unit/test_rle_enc.c.o"
  "CMakeFiles/test_rle_enc.dir/tests/unit/test_rle_enc.c.o.d"
  "test_rle_enc"
  "test_rle_enc.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_rle_enc.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
