/* stub: to be written */
typedef int stub_utils_chunk_c;
