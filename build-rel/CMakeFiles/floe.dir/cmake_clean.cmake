file(REMOVE_RECURSE
  "CMakeFiles/floe.dir/src/cli/main.c.o"
  "CMakeFiles/floe.dir/src/cli/main.c.o.d"
  "floe"
  "floe.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/floe.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
