file(REMOVE_RECURSE
  "CMakeFiles/icegen.dir/tests/tools/icegen.c.o"
  "CMakeFiles/icegen.dir/tests/tools/icegen.c.o.d"
  "icegen"
  "icegen.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/icegen.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
