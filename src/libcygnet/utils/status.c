/* stub: to be written */
typedef int stub_utils_status_c;
