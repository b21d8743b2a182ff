// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "params": kernel/params.c, driven through a local table (plus
 * one real "kparams" entry to show that params == NULL uses the section).
 * Warnings are checked in the log with log_buf_pos()/log_buf_read().
 */
#include <tessera/ktest.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <tessera/errno.h>

static bool pt_flag;
static int pt_int;
static unsigned int pt_uint;
static unsigned long pt_ulong;
static u64 pt_size;
static char pt_str[16];
static int pt_count;

#define PT(pname, fn, var, sz) \
	{ .name = pname, .set = fn, .arg = var, .size = sz, .help = "test" }

static const struct kernel_param pt_params[] = {
	PT("pt.flag", param_set_bool, &pt_flag, sizeof(pt_flag)),
	PT("pt.int", param_set_int, &pt_int, sizeof(pt_int)),
	PT("pt.uint", param_set_uint, &pt_uint, sizeof(pt_uint)),
	PT("pt.ulong", param_set_ulong, &pt_ulong, sizeof(pt_ulong)),
	PT("pt.size", param_set_size, &pt_size, sizeof(pt_size)),
	PT("pt.str", param_set_string, pt_str, sizeof(pt_str)),
	PT("pt.max_count", param_set_int, &pt_count, sizeof(pt_count)),
};

static const struct kernel_param *const pt_table[] = {
	&pt_params[0], &pt_params[1], &pt_params[2], &pt_params[3],
	&pt_params[4], &pt_params[5], &pt_params[6],
};

/* The one real boot parameter: only here to test the section lookup. */
static int params_test_knob;
param_int(params_test.knob, params_test_knob,
	  "ignored: lets the params ktest suite find the kparams section");

static int parse(const char *cmdline)
{
	return parse_params(cmdline, pt_table, ARRAY_SIZE(pt_table));
}

static void reset_vars(void)
{
	pt_flag = false;
	pt_int = 7;
	pt_uint = 7;
	pt_ulong = 7;
	pt_size = 7;
	strscpy(pt_str, "init", sizeof(pt_str));
	pt_count = 7;
}

/* Cases that change the kernel's saved command line put it back after. */
static char cmdline_backup[CMDLINE_MAX];

static void save_kernel_cmdline(void)
{
	strscpy(cmdline_backup, cmdline_raw(), sizeof(cmdline_backup));
}

static void restore_kernel_cmdline(void)
{
	cmdline_init(cmdline_backup);
}

/* How often @needle occurs in the log written since @pos. */
static unsigned int log_count(size_t pos, const char *needle)
{
	static char text[4096];
	size_t n = log_buf_read(pos, text, sizeof(text) - 1);
	unsigned int count = 0;
	const char *p = text;

	text[n] = '\0';
	while ((p = strstr(p, needle))) {
		count++;
		p++;
	}
	return count;
}

static void sets_every_type(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.flag=1 pt.int=-42 pt.uint=0x10 "
				 "pt.ulong=123456789012 pt.size=64M "
				 "pt.str=hello"), 0);
	KTEST_EXPECT_TRUE(t, pt_flag);
	KTEST_EXPECT_EQ(t, pt_int, -42);
	KTEST_EXPECT_EQ(t, pt_uint, 16);
	KTEST_EXPECT_EQ(t, pt_ulong, 123456789012UL);
	KTEST_EXPECT_EQ(t, pt_size, 64ULL << 20);
	KTEST_EXPECT_STREQ(t, pt_str, "hello");
}

static void bare_bool_is_true(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.flag"), 0);
	KTEST_EXPECT_TRUE(t, pt_flag);
	KTEST_EXPECT_EQ(t, parse("pt.flag=off"), 0);
	KTEST_EXPECT_FALSE(t, pt_flag);
	/* Later words override earlier ones. */
	KTEST_EXPECT_EQ(t, parse("pt.flag=n pt.flag"), 0);
	KTEST_EXPECT_TRUE(t, pt_flag);
}

static void quoted_values(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.str=\"a b  c\" pt.int=3"), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "a b  c");
	KTEST_EXPECT_EQ(t, pt_int, 3);
	/* The whole word may be quoted too. */
	KTEST_EXPECT_EQ(t, parse("\"pt.str=x y\""), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "x y");
	KTEST_EXPECT_EQ(t, parse("pt.str=\"\""), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "");
}

static void blanks_separate_words(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("  pt.int=1\tpt.uint=2 \n pt.ulong=3\t"), 0);
	KTEST_EXPECT_EQ(t, pt_int, 1);
	KTEST_EXPECT_EQ(t, pt_uint, 2);
	KTEST_EXPECT_EQ(t, pt_ulong, 3);
}

static void dashes_match_underscores(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.max-count=5"), 0);
	KTEST_EXPECT_EQ(t, pt_count, 5);
	KTEST_EXPECT_EQ(t, parse("pt.max_count=6"), 0);
	KTEST_EXPECT_EQ(t, pt_count, 6);
	/* Only in the name: a value keeps its dashes. */
	KTEST_EXPECT_EQ(t, parse("pt.str=a-b_c"), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "a-b_c");
	KTEST_EXPECT_EQ(t, parse("pt.maxcount=1"), 1);
	KTEST_EXPECT_EQ(t, pt_count, 6);
}

static void unknown_reported_once(struct ktest *t)
{
	size_t pos = log_buf_pos();

	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.nope=1 pt.int=5 pt.nope=2 pt.nope"), 3);
	KTEST_EXPECT_EQ(t, pt_int, 5);
	KTEST_EXPECT_EQ(t, log_count(pos, "unknown parameter 'pt.nope'"), 1);
	/* Dash and underscore spellings are one name for reporting too. */
	pos = log_buf_pos();
	KTEST_EXPECT_EQ(t, parse("pt.no-such pt.no_such"), 2);
	KTEST_EXPECT_EQ(t, log_count(pos, "unknown parameter"), 1);
}

static void bad_values_leave_vars(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.int=abc pt.int=99999999999 pt.uint=-1 "
				 "pt.ulong=1x pt.size=12Q pt.flag=maybe"), 6);
	KTEST_EXPECT_EQ(t, pt_int, 7);
	KTEST_EXPECT_EQ(t, pt_uint, 7);
	KTEST_EXPECT_EQ(t, pt_ulong, 7);
	KTEST_EXPECT_EQ(t, pt_size, 7);
	KTEST_EXPECT_FALSE(t, pt_flag);
}

static void missing_and_empty_values(struct ktest *t)
{
	size_t pos = log_buf_pos();

	reset_vars();
	/* Only a bool may be bare; "name=" is an empty value, not none. */
	KTEST_EXPECT_EQ(t, parse("pt.int pt.str pt.uint= pt.flag="), 4);
	KTEST_EXPECT_EQ(t, pt_int, 7);
	KTEST_EXPECT_STREQ(t, pt_str, "init");
	KTEST_EXPECT_EQ(t, pt_uint, 7);
	KTEST_EXPECT_FALSE(t, pt_flag);
	KTEST_EXPECT_EQ(t, log_count(pos, "'pt.int' needs a value"), 1);
}

static void bad_value_reported_once(struct ktest *t)
{
	size_t pos = log_buf_pos();

	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.uint=x pt.uint=y pt.uint=9"), 2);
	KTEST_EXPECT_EQ(t, pt_uint, 9);
	KTEST_EXPECT_EQ(t, log_count(pos, "bad value 'x' for parameter"), 1);
	KTEST_EXPECT_EQ(t, log_count(pos, "'y'"), 0);
}

static void string_must_fit(struct ktest *t)
{
	reset_vars();
	/* pt_str holds 15 characters and the NUL. */
	KTEST_EXPECT_EQ(t, parse("pt.str=123456789012345"), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "123456789012345");
	KTEST_EXPECT_EQ(t, parse("pt.str=1234567890123456"), 1);
	KTEST_EXPECT_STREQ(t, pt_str, "123456789012345");
}

static void malformed_input_survives(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse_params(NULL, pt_table, ARRAY_SIZE(pt_table)),
			0);
	KTEST_EXPECT_EQ(t, parse(""), 0);
	KTEST_EXPECT_EQ(t, parse(" \t \n "), 0);
	/* An empty name, alone or with a value. */
	KTEST_EXPECT_EQ(t, parse("=value = \"\" =="), 4);
	/* An unterminated quote runs to the end of the line. */
	KTEST_EXPECT_EQ(t, parse("pt.str=\"open end"), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "open end");
	/* Only the first '=' splits. */
	KTEST_EXPECT_EQ(t, parse("pt.int==5"), 1);
	KTEST_EXPECT_EQ(t, pt_int, 7);
	KTEST_EXPECT_EQ(t, parse("pt.str=a=b"), 0);
	KTEST_EXPECT_STREQ(t, pt_str, "a=b");
}

static void long_word_ignored(struct ktest *t)
{
	static char line[1200];
	size_t pos = log_buf_pos();
	size_t i, n;

	reset_vars();
	n = (size_t)scnprintf(line, sizeof(line), "pt.str=");
	for (i = 0; i < 900; i++)
		line[n++] = 'a';
	scnprintf(line + n, sizeof(line) - n, " pt.int=3");
	KTEST_EXPECT_EQ(t, parse(line), 1);
	KTEST_EXPECT_STREQ(t, pt_str, "init");
	KTEST_EXPECT_EQ(t, pt_int, 3);
	KTEST_EXPECT_EQ(t, log_count(pos, "is longer than"), 1);
	/* A huge name is no different. */
	memset(line, 'n', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	KTEST_EXPECT_EQ(t, parse(line), 1);
}

static void return_counts_unapplied(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("a b c pt.int=1 d"), 4);
	KTEST_EXPECT_EQ(t, pt_int, 1);
	KTEST_EXPECT_EQ(t, parse("pt.int=2 pt.uint=3"), 0);
	KTEST_EXPECT_EQ(t, parse("pt.int=x q"), 2);
	KTEST_EXPECT_EQ(t, pt_int, 2);
}

/* "pt.int=1 -- pt.int=2 x": parameters stop at "--"; the rest is init's argv */
static void double_dash_ends_params(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, parse("pt.int=1 -- pt.int=2 unknown"), 0);
	KTEST_EXPECT_EQ(t, pt_int, 1);
	KTEST_EXPECT_EQ(t, parse("pt.uint=5 --x -- --"), 1);	/* "--x" is a word */
	KTEST_EXPECT_EQ(t, pt_uint, 5);
}

static void null_table_uses_section(struct ktest *t)
{
	save_kernel_cmdline();
	params_test_knob = 0;
	KTEST_EXPECT_EQ(t, parse_params("params_test.knob=7", NULL, 0), 0);
	KTEST_EXPECT_EQ(t, params_test_knob, 7);
	/* The local table is not in the section. */
	KTEST_EXPECT_EQ(t, parse_params("pt.int=1", NULL, 0), 1);
	/* And the section's entry is not in the local table. */
	KTEST_EXPECT_EQ(t, parse("params_test.knob=8"), 1);
	KTEST_EXPECT_EQ(t, params_test_knob, 7);
	restore_kernel_cmdline();
}

static void null_table_saves_cmdline(struct ktest *t)
{
	char buf[16];

	save_kernel_cmdline();
	KTEST_EXPECT_EQ(t, parse_params("params_test.knob=9 pt.word=hi", NULL, 0),
			1);
	KTEST_EXPECT_STREQ(t, cmdline_raw(), "params_test.knob=9 pt.word=hi");
	KTEST_EXPECT_NOT_NULL(t, cmdline_get("pt.word", buf, sizeof(buf)));
	KTEST_EXPECT_STREQ(t, buf, "hi");
	/* A local table leaves the saved line alone. */
	parse("pt.int=1");
	KTEST_EXPECT_STREQ(t, cmdline_raw(), "params_test.knob=9 pt.word=hi");
	restore_kernel_cmdline();
	KTEST_EXPECT_STREQ(t, cmdline_raw(), cmdline_backup);
}

static void setters_directly(struct ktest *t)
{
	reset_vars();
	KTEST_EXPECT_EQ(t, param_set_bool(NULL, &pt_params[0]), 0);
	KTEST_EXPECT_TRUE(t, pt_flag);
	KTEST_EXPECT_EQ(t, param_set_int(NULL, &pt_params[1]), -EINVAL);
	KTEST_EXPECT_EQ(t, param_set_int("0x7fffffff", &pt_params[1]), 0);
	KTEST_EXPECT_EQ(t, pt_int, INT_MAX);
	KTEST_EXPECT_EQ(t, param_set_ulong("-1", &pt_params[3]), -EINVAL);
	KTEST_EXPECT_EQ(t, param_set_size("1g\n", &pt_params[4]), 0);
	KTEST_EXPECT_EQ(t, pt_size, 1ULL << 30);
	KTEST_EXPECT_EQ(t, param_set_string(NULL, &pt_params[5]), -EINVAL);
	KTEST_EXPECT_STREQ(t, pt_str, "init");
}

static void cmdline_find_values(struct ktest *t)
{
	const char *line =
		"console=ttyS0 ktest=format quiet ktest=\"a,b\" x-y=1";
	char buf[16];

	KTEST_EXPECT_PTR_EQ(t, cmdline_find(line, "ktest", buf, sizeof(buf)),
			    buf);
	KTEST_EXPECT_STREQ(t, buf, "a,b");	/* the last one wins */
	KTEST_EXPECT_NOT_NULL(t, cmdline_find(line, "quiet", buf, sizeof(buf)));
	KTEST_EXPECT_STREQ(t, buf, "");
	KTEST_EXPECT_NOT_NULL(t, cmdline_find(line, "x_y", buf, sizeof(buf)));
	KTEST_EXPECT_STREQ(t, buf, "1");
	KTEST_EXPECT_NULL(t, cmdline_find(line, "ktes", buf, sizeof(buf)));
	KTEST_EXPECT_NULL(t, cmdline_find(line, "console", buf, 0));
	/* Values are cut to fit. */
	KTEST_EXPECT_NOT_NULL(t, cmdline_find(line, "console", buf, 4));
	KTEST_EXPECT_STREQ(t, buf, "tty");
	KTEST_EXPECT_NULL(t, cmdline_find("", "a", buf, sizeof(buf)));
}

static void cmdline_get_uses_saved_copy(struct ktest *t)
{
	char raw[] = "alpha=1 ktest=params";
	char buf[16];

	save_kernel_cmdline();
	cmdline_init(raw);
	raw[0] = 'X';		/* the boot loader's copy may go away */
	KTEST_EXPECT_STREQ(t, cmdline_raw(), "alpha=1 ktest=params");
	KTEST_EXPECT_NOT_NULL(t, cmdline_get("ktest", buf, sizeof(buf)));
	KTEST_EXPECT_STREQ(t, buf, "params");
	KTEST_EXPECT_NULL(t, cmdline_get("Xlpha", buf, sizeof(buf)));
	restore_kernel_cmdline();
	KTEST_EXPECT_STREQ(t, cmdline_raw(), cmdline_backup);
}

KTEST_SUITE(params, NULL, NULL,
	    KTEST_CASE(sets_every_type),
	    KTEST_CASE(bare_bool_is_true),
	    KTEST_CASE(quoted_values),
	    KTEST_CASE(blanks_separate_words),
	    KTEST_CASE(dashes_match_underscores),
	    KTEST_CASE(unknown_reported_once),
	    KTEST_CASE(bad_values_leave_vars),
	    KTEST_CASE(missing_and_empty_values),
	    KTEST_CASE(bad_value_reported_once),
	    KTEST_CASE(string_must_fit),
	    KTEST_CASE(malformed_input_survives),
	    KTEST_CASE(long_word_ignored),
	    KTEST_CASE(return_counts_unapplied),
	    KTEST_CASE(double_dash_ends_params),
	    KTEST_CASE(null_table_uses_section),
	    KTEST_CASE(null_table_saves_cmdline),
	    KTEST_CASE(setters_directly),
	    KTEST_CASE(cmdline_find_values),
	    KTEST_CASE(cmdline_get_uses_saved_copy));
