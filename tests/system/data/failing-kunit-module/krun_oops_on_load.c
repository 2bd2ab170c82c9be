// SPDX-License-Identifier: GPL-2.0
// A module whose load oopses on purpose (a write through a NULL pointer):
// krun's `modules` suite must fail its case with the crash's title, and go
// on with the other modules.
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init krun_oops_on_load_init(void)
{
	volatile int *nowhere = NULL;

	pr_info("krun_oops_on_load: writing through NULL on purpose\n");
	*nowhere = 1;
	return 0;
}
module_init(krun_oops_on_load_init);

MODULE_DESCRIPTION("krun's module that oopses when loaded");
MODULE_LICENSE("GPL");
