// SPDX-License-Identifier: GPL-2.0
/*
 * FIT's node table: this node's id and how many nodes the cluster has,
 * from the boot parameters fit.node= and fit.nodes=, checked at fit_init().
 */
#include <tessera/fit.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include "fit_internal.h"

static unsigned int fit_node_param;
param_uint(fit.node, fit_node_param, "this node's FIT id, 0..fit.nodes-1 (default 0)");
static unsigned int fit_nodes_param = 1;
param_uint(fit.nodes, fit_nodes_param, "number of FIT nodes, 1..64 (default 1)");

/* Written once by fit_node_init() before FIT is marked ready; read anywhere. */
static u32 fit_self;
static u32 fit_nodes = 1;

/**
 * fit_node_init() - validate fit.node= and fit.nodes= and fill the table
 *
 * A bad fit.nodes= (0 or more than FIT_MAX_NODES) falls back to 1 node, a
 * fit.node= outside the table falls back to node 0; both are reported.
 * Context: fit_init(), once.
 */
void fit_node_init(void)
{
	fit_nodes = fit_nodes_param;
	if (fit_nodes < 1 || fit_nodes > FIT_MAX_NODES) {
		pr_err("fit: fit.nodes=%u out of range 1..%u; using 1\n",
		       fit_nodes_param, FIT_MAX_NODES);
		fit_nodes = 1;
	}
	fit_self = fit_node_param;
	if (fit_self >= fit_nodes) {
		pr_err("fit: fit.node=%u not below fit.nodes=%u; using node 0\n",
		       fit_node_param, fit_nodes);
		fit_self = 0;
	}
	if (fit_nodes > 1)
		pr_warn("fit: TODO: %u nodes configured, but only the loopback transport exists; other nodes are unreachable\n",
			fit_nodes);
}

/**
 * fit_local_node() - this node's id
 *
 * Return: the id from fit.node= (default 0). Context: any.
 */
u32 fit_local_node(void)
{
	return fit_self;
}

/**
 * fit_nr_nodes() - size of the node table
 *
 * Return: fit.nodes= (default 1). Context: any.
 */
u32 fit_nr_nodes(void)
{
	return fit_nodes;
}

/**
 * fit_node_valid() - is @node in the node table?
 * @node: a node id (not FIT_NODE_SELF)
 *
 * Return: true for 0 <= @node < fit_nr_nodes(). Context: any.
 */
bool fit_node_valid(u32 node)
{
	return node < fit_nodes;
}
