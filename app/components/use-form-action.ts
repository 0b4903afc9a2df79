"use client";
// Submits a form to a server action without React's automatic reset, so a rejected form keeps what was typed.
import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { TActionResult } from "@/lib/errors";

export function useFormAction<T>(
  action: (previous: TActionResult<T> | null, formData: FormData) => Promise<TActionResult<T>>,
  options: { resetOnSuccess?: boolean } = {},
) {
  const [state, dispatch, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const { resetOnSuccess = false } = options;

  useEffect(() => {
    if (state?.ok && resetOnSuccess) formRef.current?.reset();
  }, [state, resetOnSuccess]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The submitter's name/value (e.g. which of two buttons) is part of the form data, as in a native submit.
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(formData));
  };

  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  return { state, pending, formRef, onSubmit, fieldErrors };
}
