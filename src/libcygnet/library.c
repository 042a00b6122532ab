/* stub: to be written */
typedef int stub_library_c;
