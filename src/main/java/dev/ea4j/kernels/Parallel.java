package dev.ea4j.kernels;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a loop whose iterations are independent (TornadoVM's {@code @Parallel}): put it on the loop
 * variable, {@code for (@Parallel int i = 0; i < n; i++)}. The reference backend runs it sequentially;
 * parallel backends split it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.LOCAL_VARIABLE, ElementType.TYPE_USE})
public @interface Parallel {}
