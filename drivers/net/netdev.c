// SPDX-License-Identifier: GPL-2.0
/*
 * The network device table and the frame path between drivers and the
 * layer above: registration, lookup, the receive handler, xmit and poll.
 */
#define pr_fmt(fmt) "net: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/netdev.h>
#include <tessera/printk.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>

/*
 * netdev_lock serialises registrations. netdevs[] slots are written once
 * (release) and read without the lock (acquire); devices are never removed.
 */
static DEFINE_SPINLOCK(netdev_lock);
static struct net_device *netdevs[NETDEV_MAX];
static unsigned int nr_netdevs;

/**
 * netdev_register() - add a device to the table
 * @dev: the device with @mac, @mtu and @ops->xmit set; @name may be empty
 *
 * Context: process context.
 * Return: 0, -EINVAL for an incomplete device, -ENOSPC when the table is full.
 */
int netdev_register(struct net_device *dev)
{
	unsigned int i;

	if (!dev || !dev->ops || !dev->ops->xmit || !dev->mtu)
		return -EINVAL;
	spin_lock_init(&dev->rx_lock);
	dev->rx_handler = NULL;
	memset(&dev->stats, 0, sizeof(dev->stats));
	spin_lock(&netdev_lock);
	i = nr_netdevs;
	if (i == NETDEV_MAX) {
		spin_unlock(&netdev_lock);
		return -ENOSPC;
	}
	dev->index = i;
	if (!dev->name[0])
		snprintf(dev->name, sizeof(dev->name), "eth%u", i);
	__atomic_store_n(&netdevs[i], dev, __ATOMIC_RELEASE);
	nr_netdevs = i + 1;
	spin_unlock(&netdev_lock);
	pr_info("%s: MAC %02x:%02x:%02x:%02x:%02x:%02x, MTU %u\n", dev->name,
		dev->mac[0], dev->mac[1], dev->mac[2], dev->mac[3], dev->mac[4],
		dev->mac[5], dev->mtu);
	return 0;
}

/**
 * netdev_get() - a device by table index
 * @index: 0 for the first registered device
 *
 * Context: any.
 * Return: the device, or NULL.
 */
struct net_device *netdev_get(unsigned int index)
{
	if (index >= NETDEV_MAX)
		return NULL;
	return __atomic_load_n(&netdevs[index], __ATOMIC_ACQUIRE);
}

/**
 * netdev_get_by_name() - a device by name ("eth0")
 * @name: the name
 *
 * Context: any.
 * Return: the device, or NULL.
 */
struct net_device *netdev_get_by_name(const char *name)
{
	struct net_device *dev;
	unsigned int i;

	for (i = 0; i < NETDEV_MAX; i++) {
		dev = netdev_get(i);
		if (dev && !strcmp(dev->name, name))
			return dev;
	}
	return NULL;
}

/**
 * netdev_count() - how many devices are registered
 *
 * Context: any.
 * Return: the count.
 */
unsigned int netdev_count(void)
{
	return READ_ONCE(nr_netdevs);
}

/**
 * netdev_rx_handler_register() - receive every frame of @dev
 * @dev: the device
 * @fn: the handler (see netdev_rx_handler_t for its context)
 * @priv: its argument
 *
 * Context: process context.
 * Return: 0, -EINVAL, or -EBUSY if a handler is registered already.
 */
int netdev_rx_handler_register(struct net_device *dev, netdev_rx_handler_t fn, void *priv)
{
	int err = 0;

	if (!dev || !fn)
		return -EINVAL;
	spin_lock(&dev->rx_lock);
	if (dev->rx_handler) {
		err = -EBUSY;
	} else {
		dev->rx_priv = priv;
		dev->rx_handler = fn;
	}
	spin_unlock(&dev->rx_lock);
	return err;
}

/**
 * netdev_rx_handler_unregister() - stop receiving
 * @dev: the device
 *
 * When it returns the handler is not running and will not be called again.
 * Context: process context; not from the handler itself.
 */
void netdev_rx_handler_unregister(struct net_device *dev)
{
	spin_lock(&dev->rx_lock);
	dev->rx_handler = NULL;
	dev->rx_priv = NULL;
	spin_unlock(&dev->rx_lock);
}

/**
 * netdev_rx() - deliver a received frame to the registered handler
 * @dev: the device
 * @frame: the frame
 * @len: its length (the driver has checked it)
 *
 * Without a handler the frame is dropped and counted.
 * Context: process context (the driver's receive path).
 */
void netdev_rx(struct net_device *dev, const void *frame, size_t len)
{
	spin_lock(&dev->rx_lock);
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	if (dev->rx_handler)
		dev->rx_handler(dev, frame, len, dev->rx_priv);
	else
		dev->stats.rx_dropped++;
	spin_unlock(&dev->rx_lock);
}

/**
 * netdev_xmit() - send one Ethernet frame
 * @dev: the device
 * @frame: destination MAC first, no FCS; copied before return
 * @len: ETH_HLEN .. @dev->mtu + ETH_HLEN
 *
 * Context: any but hard IRQ; does not sleep.
 * Return: 0, -EINVAL for a bad length, -EBUSY when the ring is full.
 */
int netdev_xmit(struct net_device *dev, const void *frame, size_t len)
{
	if (len < ETH_HLEN || len > dev->mtu + ETH_HLEN || !frame) {
		__atomic_fetch_add(&dev->stats.tx_errors, 1, __ATOMIC_RELAXED);
		return -EINVAL;
	}
	return dev->ops->xmit(dev, frame, len);
}

/**
 * netdev_poll() - do receive and completion work now, in this context
 * @dev: the device
 * @budget: most frames to receive
 *
 * Context: process context.
 * Return: frames received, or -EOPNOTSUPP if the driver cannot poll.
 */
int netdev_poll(struct net_device *dev, unsigned int budget)
{
	if (!dev->ops->poll)
		return -EOPNOTSUPP;
	return dev->ops->poll(dev, budget);
}
