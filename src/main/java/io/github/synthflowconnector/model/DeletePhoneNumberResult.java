package io.github.synthflowconnector.model;

/**
 * What the task returns to the process.
 *
 * @param status Synthflow's status ({@code "ok"} on success), or {@code "not_found"} when the
 *     number was already gone and {@code ifNotFound} is {@code succeed}
 * @param deleted whether this call deleted the number
 * @param phoneNumberSlug the slug that was sent, digits only for a phone number
 * @param region the region whose API was called ({@code global}, {@code us}, {@code eu} or {@code
 *     custom})
 */
public record DeletePhoneNumberResult(
    String status, boolean deleted, String phoneNumberSlug, String region) {}
