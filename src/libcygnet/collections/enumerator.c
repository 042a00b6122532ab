/* stub: to be written */
typedef int stub_collections_enumerator_c;
