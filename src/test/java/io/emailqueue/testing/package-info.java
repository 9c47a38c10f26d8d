/**
 * Test helpers shared by the tests of several packages.
 */
package io.emailqueue.testing;
