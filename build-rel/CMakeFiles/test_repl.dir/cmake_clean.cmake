file(REMOVE_RECURSE
  "CMakeFiles/test_repl.dir/tests/unit/test_repl.c.o"
  "CMakeFiles/test_repl.dir/tests/unit/test_repl.c.o.d"
  "test_repl"
  "test_repl.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_repl.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
