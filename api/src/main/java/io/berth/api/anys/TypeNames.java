package io.berth.api.anys;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Internal;
import com.google.protobuf.Message;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Full protobuf names of message classes, read from a generated class's static {@code
 * getDescriptor()}. A generated message's {@code getDescriptorForType()} first initializes its
 * reflective field accessors: it looks up every accessor of the message and of its builder
 * (loading the builder class), which left berthd with ~6,400 {@code java.lang.reflect.Method}
 * objects for the payload types it registers and packs, though it never uses them.
 */
final class TypeNames {
  private static final MethodType GET_DESCRIPTOR = MethodType.methodType(Descriptor.class);

  /** A class's name, or null for a class without a static getDescriptor() (not generated). */
  private static final ClassValue<String> NAMES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      MethodHandle getDescriptor;
      try {
        getDescriptor = MethodHandles.publicLookup().findStatic(type, "getDescriptor", GET_DESCRIPTOR);
      } catch (NoSuchMethodException | IllegalAccessException e) {
        return null;
      }
      try {
        return ((Descriptor) getDescriptor.invokeExact()).getFullName();
      } catch (Throwable e) {
        throw new IllegalStateException("getDescriptor() of " + type.getName() + " failed", e);
      }
    }
  };

  private TypeNames() {}

  /** The full name of {@code message}'s type. */
  static String of(Message message) {
    String name = NAMES.get(message.getClass());
    return name != null ? name : message.getDescriptorForType().getFullName();
  }

  /** The full name of a generated message class's type. */
  static String of(Class<? extends Message> type) {
    String name = NAMES.get(type);
    return name != null ? name : Internal.getDefaultInstance(type).getDescriptorForType().getFullName();
  }
}
