// SPDX-License-Identifier: GPL-2.0
/*
 * A kunit suite with one passing and one deliberately failing case, so the
 * system tests can check that krun reports a real kunit failure as "fail".
 */
#include <kunit/test.h>
#include <linux/module.h>

static void krun_selftest_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1 + 1, 2);
}

static void krun_selftest_fails_on_purpose(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1 + 1, 3, "this case fails on purpose");
}

static struct kunit_case krun_selftest_cases[] = {
	KUNIT_CASE(krun_selftest_passes),
	KUNIT_CASE(krun_selftest_fails_on_purpose),
	{}
};

static struct kunit_suite krun_selftest_suite = {
	.name = "krun-selftest",
	.test_cases = krun_selftest_cases,
};
kunit_test_suite(krun_selftest_suite);

MODULE_DESCRIPTION("krun system test: a kunit suite with a failing case");
MODULE_LICENSE("GPL");
