/* stub: to be written */
typedef int stub_utils_memory_c;
