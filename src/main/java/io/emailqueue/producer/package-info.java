/**
 * Demo traffic: a producer that hands in example emails at a steady pace, through the same intake
 * as any other client.
 */
package io.emailqueue.producer;
