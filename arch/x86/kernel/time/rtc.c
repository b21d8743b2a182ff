// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS real-time clock, read once at boot to start CLOCK_REALTIME:
 * wait out an update, read BCD or binary fields, convert to Unix seconds.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/time.h>
#include <asm/io.h>
#include "internal.h"

#define CMOS_INDEX		0x70
#define CMOS_DATA		0x71
#define CMOS_NMI_OFF		0x80	/* keep NMIs masked while indexing */

#define RTC_SECONDS		0x00
#define RTC_MINUTES		0x02
#define RTC_HOURS		0x04
#define RTC_DAY			0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_STATUS_A		0x0a
#define RTC_STATUS_B		0x0b
#define RTC_CENTURY		0x32	/* the usual ACPI FADT century index */

#define RTC_A_UIP		0x80	/* update in progress */
#define RTC_B_24H		0x02
#define RTC_B_BINARY		0x04
#define RTC_HOUR_PM		0x80

struct rtc_fields {
	unsigned int sec, min, hour, day, mon, year, century;
};

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
	return inb(CMOS_DATA);
}

static void rtc_read_raw(struct rtc_fields *f)
{
	while (cmos_read(RTC_STATUS_A) & RTC_A_UIP)
		;
	f->sec = cmos_read(RTC_SECONDS);
	f->min = cmos_read(RTC_MINUTES);
	f->hour = cmos_read(RTC_HOURS);
	f->day = cmos_read(RTC_DAY);
	f->mon = cmos_read(RTC_MONTH);
	f->year = cmos_read(RTC_YEAR);
	f->century = cmos_read(RTC_CENTURY);
}

static unsigned int bcd(unsigned int v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/**
 * rtc_days_from_civil() - days since 1970-01-01 of a proleptic Gregorian date
 * @y: year
 * @m: month 1..12
 * @d: day 1..31
 *
 * The usual era arithmetic (400-year cycles of 146097 days, March-based
 * years so the leap day falls last).
 * Context: any.
 */
s64 rtc_days_from_civil(s64 y, unsigned int m, unsigned int d)
{
	s64 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/**
 * rtc_read_seconds() - the CMOS clock as Unix seconds (UTC assumed)
 *
 * Reads until two consecutive reads agree, so an update between fields
 * cannot tear the value. Returns 0 if the clock reads as nonsense.
 * Context: boot, interrupts off or on, one CPU at a time.
 */
u64 rtc_read_seconds(void)
{
	struct rtc_fields a, b;
	unsigned int tries = 0;
	u8 status_b;
	s64 year, days;

	rtc_read_raw(&b);
	do {
		a = b;
		rtc_read_raw(&b);
	} while ((a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		  a.day != b.day) && ++tries < 5);
	status_b = cmos_read(RTC_STATUS_B);
	if (!(status_b & RTC_B_BINARY)) {
		b.sec = bcd(b.sec);
		b.min = bcd(b.min);
		b.hour = bcd(b.hour & ~RTC_HOUR_PM) | (b.hour & RTC_HOUR_PM);
		b.day = bcd(b.day);
		b.mon = bcd(b.mon);
		b.year = bcd(b.year);
		b.century = bcd(b.century);
	}
	if (!(status_b & RTC_B_24H) && (b.hour & RTC_HOUR_PM))
		b.hour = ((b.hour & ~RTC_HOUR_PM) + 12) % 24;
	year = b.century >= 19 && b.century <= 30 ? b.century * 100 + b.year
						   : 2000 + b.year;
	if (b.sec > 59 || b.min > 59 || b.hour > 23 || !b.day || b.day > 31 ||
	    !b.mon || b.mon > 12)
		return 0;
	days = rtc_days_from_civil(year, b.mon, b.day);
	return (u64)(days * 86400 + b.hour * 3600 + b.min * 60 + b.sec);
}
