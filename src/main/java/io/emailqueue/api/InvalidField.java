package io.emailqueue.api;

/**
 * One reason a request was refused as invalid, as it appears in the {@code errors} array of a 400
 * problem.
 *
 * @param field where the problem is: a JSON path such as {@code emails[3].to[0]}, a query
 * parameter, or a header name
 * @param message what is wrong with it
 */
record InvalidField(String field, String message) {

}
