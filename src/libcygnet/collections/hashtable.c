/* stub: to be written */
typedef int stub_collections_hashtable_c;
