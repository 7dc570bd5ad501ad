file(REMOVE_RECURSE
  "CMakeFiles/mfgen.dir/tests/tools/mfgen.c.o"
  "CMakeFiles/mfgen.dir/tests/tools/mfgen.c.o.d"
  "mfgen"
  "mfgen.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mfgen.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
