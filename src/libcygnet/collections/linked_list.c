/* stub: to be written */
typedef int stub_collections_linked_list_c;
