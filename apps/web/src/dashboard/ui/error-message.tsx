import { ApiError } from '../api/api-error.ts';

/** A failure said plainly, with its code for whoever is asked for help. */
export function ErrorMessage(props: { readonly error: unknown; readonly prefix?: string }) {
  const { error } = props;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const code = error instanceof ApiError && error.status > 0 ? error.code : null;
  return (
    <p className="error-message" role="alert">
      {props.prefix ? `${props.prefix} ` : ''}
      {message}
      {code ? <span className="error-code"> ({code})</span> : null}
    </p>
  );
}
