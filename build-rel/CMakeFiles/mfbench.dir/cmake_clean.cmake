file(REMOVE_RECURSE
  "CMakeFiles/mfbench.dir/tests/tools/mfbench.c.o"
  "CMakeFiles/mfbench.dir/tests/tools/mfbench.c.o.d"
  "mfbench"
  "mfbench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mfbench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
