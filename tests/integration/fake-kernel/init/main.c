/* Fake kernel source: present so the tree looks like one; never compiled. */
