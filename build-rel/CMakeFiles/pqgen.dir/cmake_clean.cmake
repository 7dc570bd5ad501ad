file(REMOVE_RECURSE
  "CMakeFiles/pqgen.dir/tests/tools/pqgen.c.o"
  "CMakeFiles/pqgen.dir/tests/tools/pqgen.c.o.d"
  "pqgen"
  "pqgen.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/pqgen.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
