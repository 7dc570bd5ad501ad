file(REMOVE_RECURSE
  "CMakeFiles/test_pqwriter.dir/tests/unit/test_pqwriter.c.o"
  "CMakeFiles/test_pqwriter.dir/tests/unit/test_pqwriter.c.o.d"
  "test_pqwriter"
  "test_pqwriter.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_pqwriter.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
