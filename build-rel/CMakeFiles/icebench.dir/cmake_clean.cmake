file(REMOVE_RECURSE
  "CMakeFiles/icebench.dir/tests/tools/icebench.c.o"
  "CMakeFiles/icebench.dir/tests/tools/icebench.c.o.d"
  "icebench"
  "icebench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/icebench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
