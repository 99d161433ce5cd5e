/**
 * Billing: one 72-hour trial per account, then a $10/month Stripe subscription. Checkout and the
 * customer portal are Stripe's pages; signed webhooks report what happened, and {@link
 * net.flydex.server.billing.Access} turns the stored report into the account's access state.
 */
package net.flydex.server.billing;
